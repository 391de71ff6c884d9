"""The HTTP layer: ``kg serve`` (SPARQL 1.1 Protocol, named queries, explorer)."""
