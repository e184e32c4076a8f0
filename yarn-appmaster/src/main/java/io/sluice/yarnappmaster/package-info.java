/** What runs in YARN containers: AM entry points and the YarnResourceManagerDriver. Filled in by its own issue; see ARCHITECTURE.md section 2. */
package io.sluice.yarnappmaster;
