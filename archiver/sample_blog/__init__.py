"""A sample Dotclear 2 blog, served on loopback for the demo and the tests."""
