FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build --if-present
ENV HOST=0.0.0.0 PORT=3000
EXPOSE 3000
USER node
CMD ["npx", "tsx", "server/src/main.ts"]
