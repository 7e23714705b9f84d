declare module '@zone-eu/mailsplit' {
  import { Transform } from 'node:stream';
  export class Splitter extends Transform {
    constructor(options?: Record<string, unknown>);
  }
}
