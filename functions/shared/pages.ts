import { type PageOptions, page } from '@soquy/web';
import type { FunctionRuntime } from './runtime.ts';

/** The page middleware stack, with the function's configuration passed in. */
export function pagesOf(runtime: FunctionRuntime) {
  return (options: Omit<PageOptions, 'logLevel' | 'checkoutOrigin'>) =>
    page({
      ...options,
      logLevel: runtime.config.LOG_LEVEL,
      checkoutOrigin: runtime.config.CHECKOUT_ORIGIN,
    });
}
