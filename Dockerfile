# Build: docker build -t dnsserver .
# Run:   docker run -p 53:53/udp -p 53:53/tcp -p 5380:5380 -v "$PWD/zones:/zones:ro" -v dnsdata:/data dnsserver
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/DnsServer -c Release -o /out

# The HTTP API runs on ASP.NET Core, so the runtime image is the ASP.NET one.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# dig for the health check (+norec: any answer, even REFUSED, shows the server is up without
# waiting on recursion); libcap2-bin to let a non-root user bind port 53.
RUN apt-get update \
 && apt-get install -y --no-install-recommends dnsutils libcap2-bin \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out /app
COPY zones /zones
RUN setcap cap_net_bind_service=+ep /app/dnsserver \
 && useradd --system --uid 5353 --home-dir /data dns \
 && mkdir -p /data && chown dns /data
USER dns
WORKDIR /data
VOLUME ["/zones", "/data"]
EXPOSE 53/udp 53/tcp 5380/tcp
HEALTHCHECK --interval=30s --timeout=3s --retries=3 \
  CMD dig @127.0.0.1 -p 53 +norec +tries=1 +time=2 . SOA > /dev/null || exit 1
ENTRYPOINT ["/app/dnsserver"]
# The API listens on all of the container's addresses: outside loopback every request needs the
# key in /data/api-key (docker exec … cat /data/api-key).
CMD ["serve", "--listen", "0.0.0.0:53", "--listen", "[::]:53", "--zones", "/zones", "--data", "/data", "--http", "0.0.0.0:5380"]
