/** Deployment to YARN: cluster descriptors, staging upload, AM launch context. Filled in by its own issue; see ARCHITECTURE.md section 2. */
package io.sluice.yarnclient;
