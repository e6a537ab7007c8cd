// Starts GOV.UK Frontend's components. Every journey works without this file.
import { initAll } from "GOVUK_FRONTEND_JS";

initAll();
