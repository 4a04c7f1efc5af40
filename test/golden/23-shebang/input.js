#!/usr/bin/env node
'use strict';

function main(argv) {
  return argv.length;
}

process.exitCode = main(process.argv.slice(2));
