ARG BASE=debian:12.5
FROM ${BASE} AS build
RUN apt-get update && apt-get install -y \
    curl \
    wget
COPY --from=build /etc/os-release /tmp/
