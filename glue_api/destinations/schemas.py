"""Destination bodies: one config model per warehouse; secrets optional here, required on create."""

from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field

from glue_api.destinations import shapes
from glue_api.schemas import RequestBody

Text = Annotated[str, Field(min_length=1, max_length=1024)]
Secret = Annotated[str, Field(min_length=1, max_length=16384)]
Port = Annotated[int, Field(ge=1, le=65535)]
HostName = Annotated[Text, AfterValidator(shapes.check_hostname)]


class DestinationConfig(RequestBody):
    # `schema` is a field name of the wire format, so it is read by alias.
    model_config = ConfigDict(strict=True, extra="ignore", populate_by_name=True)

    # Glue's own: "_supaglue_" names the warehouse columns as Supaglue did, so SQL written for it keeps working.
    column_prefix: Literal["_glue_", "_supaglue_"] | None = None


class PostgresConfig(DestinationConfig):
    host: Text
    port: Port
    database: Text
    schema_: Text = Field(alias="schema")
    user: Text
    ssl_mode: Literal["disable", "no-verify", "prefer", "require", "verify-ca", "verify-full"] | None = None
    server_ca_cert: Secret | None = None
    client_cert: Secret | None = None
    server_name: Text | None = None
    password: Secret | None = None
    client_key: Secret | None = None


class BigQueryCredentials(DestinationConfig):
    client_email: Annotated[Text, AfterValidator(shapes.check_email)]
    private_key: Secret | None = None  # its PEM shape is left to the connectivity check (see README)


class BigQueryConfig(DestinationConfig):
    project_id: Annotated[Text, AfterValidator(shapes.check_gcp_project)]
    dataset: Annotated[Text, AfterValidator(shapes.check_bigquery_dataset)]
    credentials: BigQueryCredentials
    # Glue extension: where the dataset lives (US, EU, europe-west3, ...); dlt's default US when absent.
    location: Annotated[Text, AfterValidator(shapes.check_bigquery_location)] | None = None


class SnowflakeConfig(DestinationConfig):
    host: Annotated[Text, AfterValidator(shapes.check_snowflake_host)]  # the account identifier
    role: Text
    warehouse: Text
    database: Text
    schema_: Text = Field(alias="schema")
    username: Text
    password: Secret | None = None


class RedshiftConfig(DestinationConfig):
    host: HostName
    port: Port
    username: Text
    database: Text
    schema_: Text = Field(alias="schema")
    upload_method: Literal["s3_staging"]
    s3_key_id: Annotated[Text, AfterValidator(shapes.check_aws_key_id)]
    s3_bucket_name: Annotated[Text, AfterValidator(shapes.check_s3_bucket)]
    s3_bucket_region: Annotated[Text, AfterValidator(shapes.check_aws_region)]
    s3_access_key: Secret | None = None
    password: Secret | None = None


class S3Config(DestinationConfig):
    bucket: Text
    region: Text
    access_key_id: Text
    secret_access_key: Secret | None = None
    endpoint_url: Text | None = None  # S3-compatible stores other than AWS


Version = Annotated[float, Field(ge=1, allow_inf_nan=False)]


class PostgresDestination(RequestBody):
    type: Literal["postgres"]
    name: Text
    config: PostgresConfig
    version: Version | None = None


class BigQueryDestination(RequestBody):
    type: Literal["bigquery"]
    name: Text
    config: BigQueryConfig
    version: Version | None = None


class SnowflakeDestination(RequestBody):
    type: Literal["snowflake"]
    name: Text
    config: SnowflakeConfig
    version: Version | None = None


class RedshiftDestination(RequestBody):
    type: Literal["redshift"]
    name: Text
    config: RedshiftConfig
    version: Version | None = None


class S3Destination(RequestBody):
    type: Literal["s3"]
    name: Text
    config: S3Config
    version: Version | None = None


class ManagedDestination(RequestBody):
    """The `supaglue` type: a store Glue manages itself (DuckDB in the embedded default)."""

    type: Literal["supaglue"]
    name: Text | None = None
    version: Version | None = None


DestinationWrite = Annotated[
    PostgresDestination
    | BigQueryDestination
    | SnowflakeDestination
    | RedshiftDestination
    | S3Destination
    | ManagedDestination,
    Field(discriminator="type"),
]
