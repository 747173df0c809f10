/**
 * The npm entry `candor/ui`: `mountUI`, the Preact visitor UI (banner, panel, launcher) for an
 * instance made by `createConsent`. Browser only; lazy-loadable with `import('candor/ui')`.
 */
export { mountUI, type MountOptions } from '../ui/mount-ui';
export type { Messages } from '../core/locale';
export type { UiHandle } from '../ui/shell';
