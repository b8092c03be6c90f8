/* sample jQuery stand-in */
window.jQuery = window.$ = function () { return {}; };
