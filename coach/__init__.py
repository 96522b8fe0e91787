"""coach: an offline terminal coach for a resident's first attending-job negotiation.

Importing this package must stay cheap: no Textual, no Rich (see tests/test_imports.py).
"""

__version__ = "0.1.0"
