"""The browser explorer (``kg serve`` at ``/``) and the self-contained file of ``kg viz``.

``selection`` chooses what to draw (server side, capped), ``nodes`` styles it, ``details``
answers the side panel and the document view, ``geo`` ships country outlines for the map,
``page`` renders the templates, ``routes`` is the HTTP layer, ``viz`` writes one HTML file.
"""
