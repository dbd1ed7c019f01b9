/**
 * The process's wiring: the modules that hook into lower ones (records' refreshed persons → tracing's
 * disclosures) are loaded here for their registration, so every entry point (CLI, HTTP app, the test
 * databases, every `serve --workers` worker, which runs the CLI again) runs with the same hooks whatever else
 * it imports. Benchmarks that open the database directly import it too.
 */
import './modules/tracing/disclosure.js';
import { declareWired } from './modules/records/repo.js';

// Records refuse to refresh persons' views until this has run (see refreshPersons).
declareWired();
