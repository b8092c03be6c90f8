"""A sample Dotclear 2 blog, served on loopback for the demo and the tests.

One server (server.py) and one renderer (site.py routes a URL, pages.py gives a page kind its
values, views.py makes them) for three themes kept as template files, in the markup of the
Dotclear version each imitates: themes/default/ (2.1-2.3's XHTML), themes/berlin/ (2.7+),
themes/ductile/, with themes/_common/ for what they share (the widgets' markup, common French
strings). The posts are data (data/posts.json, read by content.py); faults.py adds the trouble
old shared hosting serves. This package imports nothing else of archiver.
"""
