/**
 * The process's wiring: the modules that hook into lower ones (records' refreshed persons → tracing's
 * disclosures) are loaded here for their registration, so every entry point (CLI, HTTP app, the test
 * databases) runs with the same hooks whatever else it imports.
 */
import './modules/tracing/disclosure.js';
