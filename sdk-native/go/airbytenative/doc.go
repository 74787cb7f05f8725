// Airbyte pipelines as code: workspaces, sources, destinations, connections, tags, sync jobs and access, on the Airbyte public API v1.
package airbytenative
