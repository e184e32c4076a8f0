package io.sluice.yarnclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sluice.config.Configuration;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationAccessType;
import org.junit.jupiter.api.Test;

class ApplicationAclsTest {

    @Test
    void unsetLeavesYarnsDefaults() {
        assertNull(YarnClusterDescriptor.applicationAcls(new Configuration()));
    }

    @Test
    void viewAndModifyAclsBecomeApplicationAcls() {
        Configuration config = new Configuration();
        config.setString(YarnOptions.VIEW_ACLS.key(), " alice,bob ops ");
        config.setString(YarnOptions.MODIFY_ACLS.key(), "alice");
        assertEquals(Map.of(ApplicationAccessType.VIEW_APP, "alice,bob ops", ApplicationAccessType.MODIFY_APP, "alice"),
                YarnClusterDescriptor.applicationAcls(config));
    }
}
