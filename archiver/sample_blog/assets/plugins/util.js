/* sample util.js */
window.dotclear = window.dotclear || {};
