declare module '@zone-eu/mailsplit' {
  import { Transform } from 'node:stream';
  interface SplitterNode {
    parentNode: SplitterNode | false | undefined;
    contentType?: string;
    multipart?: string | false;
  }
  interface SplitterData {
    type: 'node' | 'data' | 'body';
    node?: SplitterNode;
  }
  export class Splitter extends Transform {
    constructor(options?: Record<string, unknown>);
  }
}
