// `express4` is an npm alias of Express 4; @types/express (v5) describes the same surface the tests use.
declare module 'express4' {
  import express from 'express';
  export default express;
}
