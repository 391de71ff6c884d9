"""Remote SPARQL stores: pushing the graph (:mod:`kg.remote.push`), querying an endpoint
(:mod:`kg.remote.client`), over one small HTTP layer with auth and retries
(:mod:`kg.remote.transport`).

The HTTP layer is the standard library's ``urllib``: it has digest and basic auth
handlers, which is all these stores need, and it adds no dependency.
"""
