package io.sluice.yarnclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keytab in the staging dir: owner-only, for the ApplicationMaster's container only. */
class StagingAreaKeytabTest {

    /** The local file system (real permissions) with its home in a temp dir. */
    static FileSystem localFsWithHome(Path home) throws Exception {
        LocalFileSystem fs = new LocalFileSystem() {
            @Override
            public org.apache.hadoop.fs.Path getHomeDirectory() {
                return makeQualified(new org.apache.hadoop.fs.Path(home.toUri()));
            }
        };
        fs.initialize(java.net.URI.create("file:///"), new Configuration());
        return fs;
    }

    @Test
    void theKeytabIsReadableByItsOwnerOnlyAndRegisteredForTheApplicationMaster(@TempDir Path tmp) throws Exception {
        Path keytab = Files.writeString(tmp.resolve("etl.keytab"), "not really a keytab", StandardCharsets.UTF_8);
        FileSystem fs = localFsWithHome(tmp.resolve("home"));
        StagingArea staging = new StagingArea(fs, "application_1700000000000_0001");
        staging.write(AppMasterContract.CONF_FILE, "a: b\n".getBytes(StandardCharsets.UTF_8));

        org.apache.hadoop.fs.Path shipped = staging.uploadOwnerOnly(keytab, AppMasterContract.KEYTAB_FILE);

        assertEquals(new FsPermission((short) 0400), fs.getFileStatus(shipped).getPermission());
        assertEquals(new FsPermission((short) 0700), fs.getFileStatus(staging.dir()).getPermission(),
                "nobody else may even list the staging dir");
        assertEquals("not really a keytab", Files.readString(Path.of(shipped.toUri())));
        LocalResource resource = staging.resources().get(AppMasterContract.KEYTAB_FILE);
        assertEquals(LocalResourceVisibility.APPLICATION, resource.getVisibility(),
                "never PUBLIC: NodeManagers would share it with other users' containers");
        assertEquals(Files.size(keytab), resource.getSize());
        assertTrue(staging.resources().containsKey(AppMasterContract.CONF_FILE), "other staged files stay registered");
    }
}
