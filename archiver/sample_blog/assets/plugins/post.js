/* sample post.js: remembers the commenter */
