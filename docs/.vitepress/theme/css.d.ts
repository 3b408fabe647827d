// The theme imports twoslash's stylesheet for its side effect; Vite bundles it.
declare module '*.css';
