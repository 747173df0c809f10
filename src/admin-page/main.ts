// The built script (dist/admin/admin.js): starts the page once its HTML is parsed (loaded with defer).
import { start } from './admin';

start();
