#!/usr/bin/env node
// PLACEHOLDER: this entry point is being written (see CONTRIBUTING.md); it must not ship empty.
export {};
