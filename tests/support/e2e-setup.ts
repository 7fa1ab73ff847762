jest.setTimeout(120_000);

if (!process.env.E2E_BASE_URL) {
  throw new Error("浏览器测试需要正在运行的应用：请用 `npm test` 或 `npm run test:e2e` 运行");
}
