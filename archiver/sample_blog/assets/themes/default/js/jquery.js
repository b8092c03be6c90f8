/* sample jQuery 1.2 stand-in */
window.jQuery = window.$ = function () { return {}; };
