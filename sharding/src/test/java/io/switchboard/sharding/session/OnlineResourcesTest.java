package io.switchboard.sharding.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sharding.session.OnlineResources.Resource;
import java.util.Collection;
import org.junit.jupiter.api.Test;

/** The resource table on its own (connections are not needed for these operations). */
class OnlineResourcesTest {

  private static Resource resource(String name) {
    return Resource.bound(name, null);
  }

  private static Collection<String> names(OnlineResources r) {
    return r.all().stream().map(Resource::name).toList();
  }

  @Test
  void put_keepsBindingOrder_andReplacesASameNamedResourceInPlace() {
    OnlineResources r = new OnlineResources();
    r.put(resource("phone"));
    r.put(resource("laptop"));
    r.put(resource("tablet"));
    Resource laptopAvailable = r.get("laptop").withPresence(null, 5);
    r.put(laptopAvailable);

    assertThat(names(r)).containsExactly("phone", "laptop", "tablet");
    assertThat(r.get("laptop")).isSameAs(laptopAvailable);
    assertThat(r.size()).isEqualTo(3);
    assertThat(r.available()).containsExactly(laptopAvailable);
  }

  @Test
  void remove_firstMiddleLastAndUnknown() {
    OnlineResources r = new OnlineResources();
    for (String n : new String[] {"a", "b", "c", "d"}) {
      r.put(resource(n));
    }

    assertThat(r.remove("b").name()).isEqualTo("b");
    assertThat(names(r)).containsExactly("a", "c", "d");
    assertThat(r.remove("a").name()).isEqualTo("a");
    assertThat(r.remove("d").name()).isEqualTo("d");
    assertThat(names(r)).containsExactly("c");
    assertThat(r.remove("nope")).isNull();
    assertThat(r.remove("c").name()).isEqualTo("c");
    assertThat(r.isEmpty()).isTrue();
    assertThat(r.all()).isEmpty();
    assertThat(r.get("c")).isNull();
    assertThat(r.get(null)).isNull();
  }

  @Test
  void all_isASnapshot_thatLaterChangesDoNotTouch() {
    OnlineResources r = new OnlineResources();
    r.put(resource("a"));
    Collection<Resource> before = r.all();
    r.put(resource("b"));
    r.remove("a");

    assertThat(before).extracting(Resource::name).containsExactly("a");
  }

  @Test
  void remove_alsoUnparks() {
    OnlineResources r = new OnlineResources();
    r.put(resource("a"));
    r.park("a");
    assertThat(r.isParked("a")).isTrue();

    r.remove("a");

    assertThat(r.isParked("a")).isFalse();
  }
}
