package extra;

import dev.retort.spring.RetortMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A strategy bean (outside the app's scanned package): upgrades to the first revision only. */
@Configuration
public class FirstRevisionOnly {
    public static volatile boolean ran;

    @Bean
    RetortMigrationStrategy upgradeToTheFirstRevision() {
        return retort -> {
            ran = true;
            retort.upgrade("a1b2c3d4e5f6");
        };
    }
}
