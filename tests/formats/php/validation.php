<?php

return [

    /*
    |--------------------------------------------------------------------------
    | Validation Language Lines
    |--------------------------------------------------------------------------
    */

    'accepted' => 'The :attribute field must be accepted.',
    'active_url' => 'The :attribute field must be a valid URL.',
    // Shown when a date is too early
    'after' => 'The :attribute field must be a date after :date.',
    'between' => [
        'array' => 'The :attribute field must have between :min and :max items.',
        'numeric' => "The :attribute field must be between :min and :max.",
    ],
    'confirmed' => 'The :attribute field confirmation doesn\'t match.',
    'max_items' => 10,
    'enabled' => true,
    'custom' => [
        'attribute-name' => [
            'rule-name' => 'custom-message',
        ],
    ],
    'attributes' => [],
    'tabbed' => "Tab\there and a \$dollar",
    'joined' => 'a' . 'b',
    'days' => ['Monday', 'Tuesday'],
];
