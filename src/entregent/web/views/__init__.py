"""Views, one module per area. Each view parses input, calls a service or a query, renders."""
