/** ZooKeeper + HDFS high availability (leader election, job graph, checkpoint and job result stores). Filled in by its own issue; see ARCHITECTURE.md section 2. */
package io.sluice.ha;
