"""A sample Dotclear 2 blog, served on loopback for the demo and the tests.

One server (server.py) and one renderer (site.py routes a URL, pages.py gives a page kind its
values, views.py makes them, templates.py places them) for three themes kept as template files
in the markup of the Dotclear version each imitates: themes/default/ (2.1-2.3's XHTML),
themes/berlin/ (2.7+), themes/ductile/, with themes/_common/ for what they share (the widgets'
markup, common French strings) and themes/_feeds/ for the Atom and RSS 2 files. The posts are
data (data/posts.json, read by content.py); the files served beside the pages (theme, plugin
and media files) are in assets/ (assets.py); faults.py adds the trouble old shared hosting
serves. This package imports nothing else of archiver.
"""
