export type { ServerDeps } from './app';
export { createServerApp } from './app';
export type { Role, User } from './auth/users';
export { ROLES, UserStore } from './auth/users';
export { serverMigrations } from './migrations';
export { HypeWebhook } from './hype-webhook';
export { WEB_ROOT } from './web';
