/* sample berlin.js: the menu toggle */
