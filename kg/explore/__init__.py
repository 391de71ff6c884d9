"""The explorer (issue #5, part 2): built on another branch; this placeholder adds no route."""
