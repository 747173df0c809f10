/** The UI chunk the script tag's loader imports when a prompt is needed or the panel is opened. */
export { mountUI } from './ui/index';
