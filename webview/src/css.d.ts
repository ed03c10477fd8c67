// Stylesheets are imported for esbuild, which emits them as dist/webview.css.
declare module '*.css';
