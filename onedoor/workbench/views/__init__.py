"""The workbench's views, one module per group of screens."""
