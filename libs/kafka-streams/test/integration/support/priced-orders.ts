// The topology of the builder.table() tests: orders (key: product, value: quantity) joined with a table of prices
// read from its own topic, which is also the table's changelog.
import { Consumed, Materialized, Produced, Serdes, StreamsBuilder, type Topology } from '../../../src/index.js';

const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };

export interface PricedOrdersTopics {
  readonly prices: string;
  readonly orders: string;
  /** `<quantity>x<price>` per order whose product has a price. */
  readonly priced: string;
}

export function pricedOrdersTopology(topics: PricedOrdersTopics): Topology {
  const builder = new StreamsBuilder();
  const prices = builder.table(topics.prices, Consumed.with(strings), Materialized.as('prices'));
  builder
    .stream(topics.orders, Consumed.with(strings))
    .join(prices, (quantity, price) => `${quantity}x${price}`)
    .to(topics.priced, Produced.with(strings));
  return builder.build();
}
