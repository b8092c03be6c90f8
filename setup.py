"""For scrapyd-deploy, which builds an egg with `setup.py bdist_egg`; metadata is in pyproject."""

from setuptools import setup

setup()
