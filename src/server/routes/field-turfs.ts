import type { Routes } from './define';
import type { FieldContext } from './field';

/** Placeholder: filled in by the field work on turfs. */
export function fieldTurfRoutes(routes: Routes, cx: FieldContext): void {
  void routes;
  void cx;
}
