# Builds both services; docker-compose.yml picks the stage (silo or gateway).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Silo/Silo.csproj -c Release -o /out/silo \
 && dotnet publish src/Gateway.Api/Gateway.Api.csproj -c Release -o /out/gateway

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS silo
WORKDIR /app
COPY --from=build /out/silo .
ENTRYPOINT ["dotnet", "TSMetrics.Silo.dll"]

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS gateway
WORKDIR /app
COPY --from=build /out/gateway .
ENTRYPOINT ["dotnet", "TSMetrics.Gateway.Api.dll"]
