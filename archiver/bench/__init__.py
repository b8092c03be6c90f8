"""The performance benchmark (`archiver bench`): a large synthetic blog, crawled and measured."""
