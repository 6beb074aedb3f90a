# syntax=docker/dockerfile:1
#
# cxroom's SSH server in a container: a static binary on a distroless base,
# run as a non-root user, its data folder a volume.
#
#   docker build -t cxroom --build-arg VERSION=$(git describe --tags --always) .
#   docker volume create cxroom-data
#   docker run --rm -v cxroom-data:/data cxroom team add "Maria Lopez" --handle maria \
#       --role facilitator --key "$(cat ~/.ssh/id_ed25519.pub)"
#   docker run -d --name cxroom --stop-timeout 40 -p 2222:2222 -p 127.0.0.1:2112:2112 \
#       -v cxroom-data:/data cxroom
#
# The log goes to stderr (docker logs cxroom). See README.md, "Running the
# server".

# ---- build: a static binary ----
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/cxroom ./cmd/cxroom
# the data folder, owned by the user the server runs as (distroless nonroot)
RUN mkdir -p /out/data /out/config/cxroom/agendas && chown -R 65532:65532 /out/data /out/config

# ---- run: the binary alone, as nonroot ----
FROM gcr.io/distroless/static-debian12:nonroot AS run
COPY --from=build /out/cxroom /usr/local/bin/cxroom
COPY --from=build --chown=65532:65532 /out/data /data
COPY --from=build --chown=65532:65532 /out/config /config
USER 65532:65532
# the data folder (database, team file, host key, minutes); your own agenda
# files go in /config/cxroom/agendas
ENV CXROOM_DATA=/data XDG_CONFIG_HOME=/config
VOLUME ["/data"]
# 2222: SSH, the rooms. 2112: /metrics and /healthz, for a private network
# only (publish it on 127.0.0.1 or not at all).
EXPOSE 2222 2112
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["/usr/local/bin/cxroom", "health", "--metrics", "127.0.0.1:2112"]
ENTRYPOINT ["/usr/local/bin/cxroom"]
CMD ["serve", "--listen", "0.0.0.0:2222", "--metrics", "0.0.0.0:2112"]
