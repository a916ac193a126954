# Builds both services; docker-compose.yml picks the stage (silo or gateway).
# The dashboard is built in a Node stage (the .NET SDK image has no npm) and handed to the gateway's publish.
FROM node:24-bookworm-slim AS dashboard
WORKDIR /dashboard
COPY src/Dashboard/package.json src/Dashboard/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY src/Dashboard/ ./
RUN npm run build

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
COPY --from=dashboard /dashboard/dist src/Dashboard/dist
RUN dotnet publish src/Silo/Silo.csproj -c Release -o /out/silo \
 && dotnet publish src/Gateway.Api/Gateway.Api.csproj -c Release -o /out/gateway -p:BuildDashboard=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS silo
WORKDIR /app
COPY --from=build /out/silo .
ENTRYPOINT ["dotnet", "TSMetrics.Silo.dll"]

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS gateway
WORKDIR /app
COPY --from=build /out/gateway .
ENTRYPOINT ["dotnet", "TSMetrics.Gateway.Api.dll"]
