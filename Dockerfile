# syntax=docker/dockerfile:1
# The operator image: a Native AOT binary on a chiseled base (no shell, no package manager, non-root).
# Build: docker build -t atlas-restore-operator:dev .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# Native AOT links with clang and needs zlib's headers.
RUN apt-get update \
 && apt-get install -y --no-install-recommends clang zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# The same script CI runs; it executes: dotnet publish src/Operator -c Release -r linux-x64 -p:PublishAot=true -o /out
RUN bash build/publish-aot.sh /out

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled AS runtime
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="atlas-restore-operator" \
      org.opencontainers.image.description="Kubernetes operator that restores MongoDB Atlas Flex and former M2/M5 snapshots declaratively, submitting each restore job exactly once." \
      org.opencontainers.image.source="https://github.com/atlas-restore-operator/atlas-restore-operator" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}"
WORKDIR /app
COPY --from=build /out/atlas-restore-operator /app/atlas-restore-operator
# Numeric, so Kubernetes' runAsNonRoot can verify it; matches runAsUser in config/manager.
USER 65532:65532
# /healthz, /readyz and /metrics.
EXPOSE 8081
ENTRYPOINT ["/app/atlas-restore-operator"]
