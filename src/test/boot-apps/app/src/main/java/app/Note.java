package app;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Validated against the table of the portable (YAML) revision b2c3d4e5f6a7. */
@Entity
@Table(name = "note")
public class Note {
    @Id
    private Integer id;

    private String body;

    public Integer getId() {
        return id;
    }

    public String getBody() {
        return body;
    }
}
