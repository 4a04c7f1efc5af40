require('./trace.ts').mark('side-effect.cjs (required)');
