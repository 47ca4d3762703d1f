"""One dynamic partition per connection (key = connection id), one partitions definition per provider."""

import dagster as dg


def connection_partitions(provider_name: str) -> dg.DynamicPartitionsDefinition:
    return dg.DynamicPartitionsDefinition(name=f"{provider_name}_connections")
