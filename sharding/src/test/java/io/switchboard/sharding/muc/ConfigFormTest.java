package io.switchboard.sharding.muc;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.form.TypedForm;
import io.switchboard.protocol.muc.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigFormTest {
  private final MucSettings settings = MucSettings.defaults();
  private final RoomConfig defaults = RoomConfig.defaults(settings);

  private static TypedForm submit(String... varsAndValues) {
    List<TypedForm.Field> fields = new java.util.ArrayList<>();
    for (int i = 0; i < varsAndValues.length; i += 2) {
      fields.add(TypedForm.Field.of(varsAndValues[i], null, null, List.of(varsAndValues[i + 1])));
    }
    return TypedForm.of(TypedForm.Type.SUBMIT, Namespaces.MUC_ROOMCONFIG, null, fields);
  }

  @Test
  void toForm_hasTheStandardFieldsTypedAsXep0045Registers() {
    TypedForm form = ConfigForm.toForm(defaults, settings);
    assertThat(form.formType()).isEqualTo(Namespaces.MUC_ROOMCONFIG);
    assertThat(form.field("muc#roomconfig_membersonly").orElseThrow().type()).isEqualTo(TypedForm.FieldType.BOOLEAN);
    assertThat(form.field("muc#roomconfig_roomsecret").orElseThrow().type()).isEqualTo(TypedForm.FieldType.TEXT_PRIVATE);
    assertThat(form.field("muc#roomconfig_whois").orElseThrow().options()).extracting(TypedForm.Option::value)
        .containsExactly("moderators", "anyone");
    assertThat(form.field("muc#roomconfig_presencebroadcast").orElseThrow().values())
        .containsExactly("moderator", "participant", "visitor");
    // Parsed back from its own XML, the form reads the same (decode -> encode -> decode).
    assertThat(TypedForm.parse(form.toElement())).contains(form);
  }

  @Test
  void apply_emptySubmit_keepsEverything_submittedFieldsChangeOnlyThemselves() {
    assertThat(ConfigForm.apply(defaults, submit(), settings))
        .isEqualTo(new ConfigForm.Outcome.Accepted(defaults));
    ConfigForm.Outcome o = ConfigForm.apply(defaults, submit("muc#roomconfig_roomname", "Café",
        "muc#roomconfig_maxusers", "2", "muc#roomconfig_moderatedroom", "true", "muc#roomconfig_allowpm", "moderators"), settings);
    RoomConfig c = ((ConfigForm.Outcome.Accepted) o).config();
    assertThat(c.name()).isEqualTo("Café");
    assertThat(c.maxUsers()).isEqualTo(2);
    assertThat(c.moderated()).isTrue();
    assertThat(c.allowPm()).isEqualTo(RoomConfig.PmPolicy.MODERATORS);
    assertThat(c.membersOnly()).isFalse();
    RoomConfig none = ((ConfigForm.Outcome.Accepted) ConfigForm.apply(defaults, submit("muc#roomconfig_maxusers", "none"), settings)).config();
    assertThat(none.maxUsers()).isEqualTo(settings.maxOccupantsLimit());
  }

  @Test
  void apply_invalidValues_areRefused() {
    assertThat(ConfigForm.apply(defaults, submit("muc#roomconfig_maxusers", "0x10"), settings))
        .isInstanceOf(ConfigForm.Outcome.Refused.class);
    assertThat(ConfigForm.apply(defaults, submit("muc#roomconfig_maxusers", "999999"), settings))
        .isInstanceOf(ConfigForm.Outcome.Refused.class);
    assertThat(ConfigForm.apply(defaults, submit("muc#maxhistoryfetch", "51"), settings))
        .isInstanceOf(ConfigForm.Outcome.Refused.class);
    assertThat(ConfigForm.apply(defaults, submit("muc#roomconfig_passwordprotectedroom", "1"), settings))
        .isInstanceOf(ConfigForm.Outcome.Refused.class);
    TypedForm other = TypedForm.of(TypedForm.Type.SUBMIT, "urn:other", null, List.of());
    assertThat(ConfigForm.apply(defaults, other, settings)).isInstanceOf(ConfigForm.Outcome.Refused.class);
    TypedForm roles = TypedForm.of(TypedForm.Type.SUBMIT, null, null, List.of(
        TypedForm.Field.of("muc#roomconfig_presencebroadcast", null, null, List.of("moderator", "king"))));
    assertThat(ConfigForm.apply(defaults, roles, settings)).isInstanceOf(ConfigForm.Outcome.Refused.class);
    TypedForm okRoles = TypedForm.of(TypedForm.Type.SUBMIT, null, null, List.of(
        TypedForm.Field.of("muc#roomconfig_presencebroadcast", null, null, List.of("moderator"))));
    assertThat(((ConfigForm.Outcome.Accepted) ConfigForm.apply(defaults, okRoles, settings)).config().presenceBroadcast())
        .containsExactly(Role.MODERATOR);
  }

  @Test
  void changeStatuses_104AndPrivacyCodes() {
    RoomConfig logged = ((ConfigForm.Outcome.Accepted) ConfigForm.apply(defaults,
        submit("muc#roomconfig_enablelogging", "1", "muc#roomconfig_whois", "anyone"), settings)).config();
    assertThat(RoomConfiguration.changeStatuses(defaults, logged)).containsExactly(104, 170, 172);
    assertThat(RoomConfiguration.changeStatuses(logged, defaults)).containsExactly(104, 171, 173);
    assertThat(RoomConfiguration.changeStatuses(defaults, defaults)).isEmpty();
  }
}
